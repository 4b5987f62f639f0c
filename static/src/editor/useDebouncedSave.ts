// Saves the latest value a moment after the last change; `flush` saves at once.
import { useCallback, useEffect, useRef, useState } from "react";

export function useDebouncedSave<T>(save: (v: T) => Promise<void>, delayMs = 600) {
  const pending = useRef<{ value: T } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const saveRef = useRef(save);
  saveRef.current = save;
  const [state, setState] = useState<"saved" | "saving" | "unsaved" | "error">("saved");
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    const p = pending.current;
    pending.current = null;
    if (!p) return;
    setState("saving");
    try {
      await saveRef.current(p.value);
      setState(pending.current ? "unsaved" : "saved");
    } catch {
      setState("error");
    }
  }, []);
  const schedule = useCallback(
    (value: T) => {
      pending.current = { value };
      setState("unsaved");
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [delayMs, flush],
  );
  useEffect(() => () => void flush(), [flush]);
  return { schedule, flush, state };
}
