// Every workflow the worker registers. Workflow code only: see workflows/README.md.
export { patrolCase } from './patrol';
