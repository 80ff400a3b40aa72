/**
 * The workflow modules every case of a worker shares (the SDK's `preloadModules`): the whole of workflows/. Without it
 * the SDK evaluates each module again for every workflow it keeps in its cache (each case its own copies of every
 * schema, text table and the TypeBox library): 0.9 MiB a cached patrol, 0.33 MiB with it (docs/performance.md). The SDK
 * deep-freezes shared modules; workflow modules hold no module-level state that changes (eslint: only `const` at the
 * top of a workflow module), so sharing them changes nothing a case decides. A module of its own, without imports: the
 * build and the tests' bundling read it without loading the worker and its activities.
 */
export const sharedWorkflowModules = (workflowsPath: string): string[] => [workflowsPath];
