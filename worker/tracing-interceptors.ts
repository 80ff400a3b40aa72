// Workflow interceptors of OpenTelemetry tracing (lib/infra/tracing.ts): workflow code, bundled only when tracing is on
// (worker/index.ts). They add no command to a workflow's history, so a case replays the same with tracing on or off.
export { interceptors } from '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';
