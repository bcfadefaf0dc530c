/**
 * The worker thread, in one of two roles decided by the messages it gets.
 * As the analysis worker (`engine.ts`) it receives a document's text and the
 * analyzer options and answers with the serialisable part of the analysis;
 * it keeps no state beyond the analyzers and the last analyses, so the server
 * can terminate and replace it whenever a long analysis has become stale. As
 * the views worker (`views.ts`) it holds one model view per open document
 * and answers hovers, completions, definitions and references on it.
 */
import { parentPort } from 'node:worker_threads';
import { runAnalysis, type WorkerRequestMessage, type WorkerResponseMessage } from './engine';
import { handleViewMessage, ViewCache, type ViewRequestMessage, type ViewResponseMessage } from './views';

const views = new ViewCache();

function post(response: WorkerResponseMessage | ViewResponseMessage): void {
  try {
    parentPort!.postMessage(response);
  } catch {
    // Finding data a rule attached may not survive structured cloning; JSON keeps what matters.
    parentPort!.postMessage(JSON.parse(JSON.stringify(response)));
  }
}

parentPort?.on('message', (message: WorkerRequestMessage | ViewRequestMessage) => {
  if (!('request' in message)) {
    let response: ViewResponseMessage | undefined;
    try {
      response = handleViewMessage(views, message);
    } catch (error) {
      response = { id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
    }
    if (response) post(response);
    return;
  }
  let response: WorkerResponseMessage;
  try {
    response = { id: message.id, result: runAnalysis(message.request, true) };
  } catch (error) {
    response = { id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
  post(response);
});
