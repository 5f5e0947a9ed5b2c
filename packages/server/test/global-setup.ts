// Global test setup. Builds what many test files share once per run.
export default async function setup(): Promise<void> {}
