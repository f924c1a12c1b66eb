// Result shape of every server action (client components render it). Kept apart
// from the wrapper so client code can import the types without server modules.
export type ActionState<R = unknown> =
  | { status: "idle" }
  | { status: "success"; data: R; message?: string }
  | {
      status: "error";
      code: 400 | 401 | 403 | 404 | 409 | 500 | 502;
      message: string;
      /** Field name → message (first problem per field). */
      fieldErrors?: Record<string, string>;
      /** What the user typed, so a failed form can be shown again without losing it. */
      values?: Record<string, string>;
    };

export const idleState: ActionState<never> = { status: "idle" };

export type ActionInput = FormData | Record<string, unknown>;

/** The callable shape of every server action built by the authz wrappers. */
export type FormAction<R = unknown> = (prev: ActionState<R>, input: ActionInput) => Promise<ActionState<R>>;
