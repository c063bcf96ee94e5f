/** What release 1.0 of {@link sampleWithReleases} says differently from the sample. */
export declare const RELEASE_1_0: {
  readonly upgraded: { readonly id: 'guest-types/arm-vm'; readonly title: 'Arm virtual machines' };
  readonly added: { readonly id: 'guest-types/riscv-vm' };
  readonly unsigned: { readonly id: 'pv-drivers/9pfs' };
  readonly exempt: { readonly id: 'toolstack/python-bindings'; readonly arch: 'x86' };
  readonly oldSection: { readonly id: 'debugging/gdbstub'; readonly section: 'Old debugging tools' };
};
/** The sample corpus in a new git repository at `dir` (new or empty), with releases 1.0 (tag v1.0) and 2.0 (tag v2.0) listed in project.yml. */
export declare function sampleWithReleases(dir: string): Promise<void>;
