/**
 * The analysis worker thread: receives a document's text and the analyzer
 * options, answers with the serialisable part of the analysis. It keeps no
 * state beyond the analyzers themselves, so the server can terminate and
 * replace it whenever a long analysis has become stale.
 */
import { parentPort } from 'node:worker_threads';
import { runAnalysis, type WorkerRequestMessage, type WorkerResponseMessage } from './engine';

parentPort?.on('message', (message: WorkerRequestMessage) => {
  let response: WorkerResponseMessage;
  try {
    response = { id: message.id, result: runAnalysis(message.request, true) };
  } catch (error) {
    response = { id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
  try {
    parentPort!.postMessage(response);
  } catch {
    // Finding data a rule attached may not survive structured cloning; JSON keeps what matters.
    parentPort!.postMessage(JSON.parse(JSON.stringify(response)));
  }
});
