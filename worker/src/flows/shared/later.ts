import { log } from "../../http/log";

type Background = Pick<ExecutionContext, "waitUntil">;

/**
 * Runs `task` once this step has answered: on the next turn of the event loop, since on the
 * object's one thread even a task's RPC traffic would delay the answer, and an answer that is
 * slower when a user exists (or a number matches) tells an attacker so.
 */
export function later(background: Background, what: string, task: () => Promise<unknown>): void {
  background.waitUntil(
    new Promise((resolve) => setTimeout(resolve, 0))
      .then(task)
      .catch((error: unknown) => log("error", what, { name: (error as Error)?.name })),
  );
}
