// The sample corpus in a real git repository with two tagged releases: for
// the browser tests and the view-equals-model tests. Built by the script a
// user runs to try the README's release examples (npm run sample:releases).
export { RELEASE_1_0, sampleWithReleases } from '../../scripts/sample-releases.js';
