// Eleventy layout: site chrome around every page (src/render/pages/layout.ts).
import { templates } from '../../../dist/site/templates.js';

export const { data, render } = templates.base;
