// Eleventy template: one release's matrix page, rendered by typed code in src/site/templates.ts.
import { templates } from '../dist/site/templates.js';

export const { data, render } = templates.release;
