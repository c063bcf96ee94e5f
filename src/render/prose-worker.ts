// Worker of renderProseAll: renders its share of feature files and posts the HTML back.
import { parentPort, workerData } from 'node:worker_threads';
import { renderProse } from './markdown.js';

parentPort?.postMessage((workerData as string[]).map(renderProse));
