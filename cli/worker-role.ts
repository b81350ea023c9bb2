/** `workerData.role` of the threads `akhbar process` starts: the CLI's entry then serves them instead of a command. */
export const PREPARE_WORKER = 'akhbar-prepare';
