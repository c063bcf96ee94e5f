/** `AMD IOMMU` → `amd-iommu`: lower-case letters, digits and `-`, for ids and paths. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    // Drop the accents NFKD split off, so `Cafés` gives `cafes`, not `cafe-s`.
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
