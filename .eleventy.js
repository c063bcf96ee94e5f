// Eleventy configuration: thin glue that wires site/ (templates) to the model
// built by src/. The site itself arrives with the `build` command; until then
// this only fixes the directory layout so `site/` has one meaning.
export default function (eleventyConfig) {
  eleventyConfig.ignores.add('site/README.md');
  return {
    dir: { input: 'site', includes: '_includes', data: '_data', output: '_site' },
  };
}
