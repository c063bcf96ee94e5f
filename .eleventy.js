// Eleventy configuration: thin glue. Templates live in site/ and render
// through typed code in src/ (compiled to dist/). `support-matrix build`
// injects the checked, resolved corpus as the global `site` data; when
// Eleventy runs on its own, the corpus is read from features/ unchecked.
import { loadCorpus } from './dist/load/corpus.js';
import { buildSiteData } from './dist/render/site-data.js';
import { configureSite } from './dist/site/eleventy.js';

export default function (eleventyConfig) {
  configureSite(eleventyConfig, async () => buildSiteData(await loadCorpus('features'), { today: new Date().toISOString().slice(0, 10) }));
}
