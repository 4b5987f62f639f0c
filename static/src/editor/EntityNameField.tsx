// The name of a query or JS object; renaming rewrites every reference to it.
import { useEffect, useState } from "react";
import { useEditor } from "./EditorContext";

export function EntityNameField({ name, label }: { name: string; label: string }) {
  const { rename } = useEditor();
  const [value, setValue] = useState(name);
  useEffect(() => setValue(name), [name]);
  return (
    <input
      className="name-field"
      aria-label={label}
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => void (value !== name && rename(name, value).then((ok) => !ok && setValue(name)))}
      onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
    />
  );
}
