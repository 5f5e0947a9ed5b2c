import { Alert } from '@mantine/core';

/** What a failed load says: a resource's state (`useResource`) or any state with the same shape. */
export interface LoadState {
  status: string;
  message?: string;
}

/** The red message of a load that failed (the server's words, or the page's fallback); nothing otherwise. */
export function LoadError({ state }: { state: LoadState }) {
  if (state.status !== 'error') return null;
  return <Alert color="red">{state.message}</Alert>;
}
