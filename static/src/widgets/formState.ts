// Form validity: a Form's "disabled when invalid" buttons read whether every input
// inside the form is valid.
import { useCallback, useSyncExternalStore } from "react";
import { useRuntime } from "./context";

export function useFormValid(form: string | null): boolean {
  const runtime = useRuntime();
  const subscribe = useCallback((cb: () => void) => runtime.store.subscribeAll(cb), [runtime]);
  return useSyncExternalStore(subscribe, () => (form ? runtime.descendants(form).every((n) => runtime.store.get(n)?.isValid !== false) : true));
}
