import { html, type Html } from '../html.js';
import type { SiteData } from '../site-data.js';
import { statusAnchor, type PageContext } from './components.js';

/** The status vocabulary of project.yml, with each status's definition. Every badge links here. */
export function renderStatuses(site: SiteData, ctx: PageContext): Html {
  const { statuses, policy, organisations } = site.project;
  return html`<h1>Status definitions</h1>
<p>Every cell of the <a href="${ctx.root}">support matrix</a> has one of these statuses. Security support may differ from a status's default; the cell then says so.</p>
<table class="statuses">
<thead><tr><th scope="col">Status</th><th scope="col">Functional completeness</th><th scope="col">Functional stability</th><th scope="col">Interface stability</th><th scope="col">Security supported by default</th><th scope="col">Needs a security-team sign-off</th></tr></thead>
<tbody>
${statuses.map(
  (s) => html`<tr id="${statusAnchor(s.name)}"><th scope="row"><span class="badge status-${statusAnchor(s.name).slice('status-'.length)}">${s.name}</span>${s.description ? html`<span class="summary">${s.description}</span>` : ''}</th><td>${s['functional-completeness'] ?? ''}</td><td>${s['functional-stability'] ?? ''}</td><td>${s['interface-stability'] ?? ''}</td><td>${s['security-supported'] ? 'yes' : 'no'}</td><td>${policy.signoffRequiredFor.includes(s.name) || (policy.signoffRequiredWhenSecuritySupported && s['security-supported']) ? 'yes' : 'no'}</td></tr>`,
)}
</tbody>
</table>
<h2 id="security-support">Security support</h2>
<dl class="facts">
<dt>security supported</dt><dd>The security team issues advisories for vulnerabilities.</dd>
<dt>security supported, with caveats</dt><dd>Only under the conditions given in the cell's caveat.</dd>
<dt>security: <em>organisation</em></dt><dd>Security support is provided by that organisation, not by this project.</dd>
<dt>not security supported</dt><dd>Bugs are fixed in public; no advisories.</dd>
</dl>
${organisations.length > 0 ? html`<h2 id="organisations">External security support</h2><ul>${organisations.map((o) => html`<li id="org-${o.id}">${o.url ? html`<a href="${o.url}" rel="noopener noreferrer">${o.name}</a>` : o.name}</li>`)}</ul>` : ''}
<h2 id="signoff-policy">Sign-off policy</h2>
<p>A cell with status ${policy.signoffRequiredFor.map((s, i) => html`${i > 0 ? ', ' : ''}<strong>${s}</strong>`)}${policy.signoffRequiredWhenSecuritySupported ? ', or any security-supported cell,' : ''} needs a current sign-off by an active member of the security team${policy.reviewAfterDays !== undefined ? html`, reviewed again after ${policy.reviewAfterDays} days` : ''}. See the <a href="${ctx.root}signoffs/">sign-offs</a> page.</p>`;
}
