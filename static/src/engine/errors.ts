// Errors shared by the engine's parts.

/** An error that has already been shown to the user (a failed query). */
export class ReportedError extends Error {
  readonly reported = true;
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
