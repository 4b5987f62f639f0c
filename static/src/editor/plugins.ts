// The datasource plugins the editor offers (Appsmith's plugin ids) and what a new
// query of each starts with.
export interface PluginInfo {
  id: string;
  label: string;
  kind: "sql" | "rest" | "graphql" | "mongo" | "redis";
}

export const PLUGINS: PluginInfo[] = [
  { id: "postgres-plugin", label: "PostgreSQL", kind: "sql" },
  { id: "mysql-plugin", label: "MySQL / MariaDB", kind: "sql" },
  { id: "mongo-plugin", label: "MongoDB", kind: "mongo" },
  { id: "redis-plugin", label: "Redis", kind: "redis" },
  { id: "restapi-plugin", label: "REST API", kind: "rest" },
  { id: "graphql-plugin", label: "GraphQL", kind: "graphql" },
];

export function pluginInfo(id: string | undefined): PluginInfo {
  return PLUGINS.find((p) => p.id === id) ?? { id: id ?? "", label: id ?? "Unknown", kind: "sql" };
}

export function defaultActionConfiguration(kind: PluginInfo["kind"]): Record<string, unknown> {
  switch (kind) {
    case "sql":
      return { body: "SELECT 1;", timeoutInMillisecond: 10000 };
    case "rest":
      return { httpMethod: "GET", path: "", headers: [], queryParameters: [], body: "", timeoutInMillisecond: 10000 };
    case "graphql":
      return { httpMethod: "POST", path: "", body: "query {\n  __typename\n}", headers: [], timeoutInMillisecond: 10000 };
    case "mongo":
      return { formData: { command: "FIND", collection: "", query: "{}" }, body: "", timeoutInMillisecond: 10000 };
    case "redis":
      return { body: "PING", timeoutInMillisecond: 10000 };
  }
}
