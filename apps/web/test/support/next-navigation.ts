// Stand-in for next/navigation in unit tests: Next's control-flow throws become
// plain errors the tests can assert on (NEXT_NOT_FOUND, NEXT_REDIRECT:/path, …).
export function notFound(): never {
  throw new Error("NEXT_NOT_FOUND");
}
export function forbidden(): never {
  throw new Error("NEXT_FORBIDDEN");
}
export function redirect(to: string): never {
  throw new Error(`NEXT_REDIRECT:${to}`);
}
export function unstable_rethrow(err: unknown): void {
  if (err instanceof Error && err.message.startsWith("NEXT_")) throw err;
}
