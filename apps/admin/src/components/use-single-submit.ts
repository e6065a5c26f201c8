import { useCallback, useRef } from 'react';

/**
 * Guards a form's submit so a double click (or Enter pressed twice) sends it once. antd runs
 * `onFinish` after an asynchronous validation, so the second click of a double click is already
 * on its way before the first one's `loading` reaches the button: only a ref set synchronously
 * stops it. Wrap the handler: `const submit = single(async (values) => { … })`.
 */
export function useSingleSubmit() {
  const running = useRef(false);
  return useCallback(
    <A extends unknown[]>(run: (...args: A) => Promise<unknown>) =>
      async (...args: A): Promise<void> => {
        if (running.current) return;
        running.current = true;
        try {
          await run(...args);
        } finally {
          running.current = false;
        }
      },
    [],
  );
}
