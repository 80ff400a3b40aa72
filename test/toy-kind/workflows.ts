/** The worker's workflows with the toy kind's: the bundle entry of the toy kind's test. */
export * from '../../workflows';
export { toyInspection } from './workflow';
