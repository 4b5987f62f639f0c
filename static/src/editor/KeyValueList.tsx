// Editable key/value pairs (REST headers and query parameters, datasource headers).
export interface Pair {
  key: string;
  value: string;
}

export function KeyValueList({ label, pairs, onChange }: { label: string; pairs: Pair[]; onChange: (p: Pair[]) => void }) {
  const set = (i: number, patch: Partial<Pair>) => onChange(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <fieldset className="kv-list">
      <legend>{label}</legend>
      {pairs.map((p, i) => (
        <div className="row" key={i}>
          <input aria-label={`${label} key ${i + 1}`} placeholder="Key" value={p.key} onChange={(e) => set(i, { key: e.target.value })} />
          <input aria-label={`${label} value ${i + 1}`} placeholder="Value" value={p.value} onChange={(e) => set(i, { value: e.target.value })} />
          <button className="icon" aria-label={`Remove ${label} ${i + 1}`} onClick={() => onChange(pairs.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button onClick={() => onChange([...pairs, { key: "", value: "" }])}>Add</button>
    </fieldset>
  );
}

export const pairsOf = (v: unknown): Pair[] => (Array.isArray(v) ? (v as Pair[]).map((p) => ({ key: String(p?.key ?? ""), value: String(p?.value ?? "") })) : []);
