/**
 * The task queue of one group robot's deliveries (issue 19): the case's own task queue and the robot's name. The
 * worker that polls it is rate-limited by the server to the robot's messages a minute (worker/index.ts), so every
 * worker together never sends a robot more than the service takes; a burst waits in the queue.
 */
export const robotTaskQueue = (caseTaskQueue: string, robot: string): string => `${caseTaskQueue}--robot-${robot}`;
