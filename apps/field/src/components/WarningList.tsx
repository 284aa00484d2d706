import type { TSeverity, TSyncAsset, TSyncWarning } from '@fieldkeep/domain';
import { formatWhen } from '../dates';
import { assetLabel } from '../view';

/** Severity in words and a shape, as well as colour: readable in sunlight and by everyone. */
export const SEVERITY: Record<TSeverity, { icon: string; label: string }> = {
  danger: { icon: '⛔', label: 'Danger' },
  caution: { icon: '⚠', label: 'Caution' },
  info: { icon: 'ℹ', label: 'Information' },
};

export const warningCount = (n: number) => `⚠ ${n} ${n === 1 ? 'warning' : 'warnings'}`;

interface Props {
  warnings: TSyncWarning[];
  assets: Map<string, TSyncAsset>;
  timeZone: string;
}

/** The site's and its assets' warnings, most severe first: read before anything else on the visit. */
export function WarningList({ warnings, assets, timeZone }: Props) {
  if (warnings.length === 0) {
    return <p className="no-warnings">No warnings recorded for this site.</p>;
  }
  return (
    <section className="warnings" aria-labelledby="warnings-heading">
      <h2 id="warnings-heading">{warningCount(warnings.length)} — read before you go in</h2>
      <ul>
        {warnings.map((w) => {
          const asset = w.assetId ? assets.get(w.assetId) : undefined;
          return (
            <li key={w.id} className={`warning warning-${w.severity}`}>
              <p className="warning-head">
                <span aria-hidden="true">{SEVERITY[w.severity].icon}</span> <span className="warning-sev">{SEVERITY[w.severity].label}:</span>{' '}
                <strong>{w.typeName}</strong>
              </p>
              {w.text && <p className="warning-text">{w.text}</p>}
              {asset && <p className="warning-meta">On: {assetLabel(asset)}</p>}
              {w.validUntil && <p className="warning-meta">Until {formatWhen(w.validUntil, timeZone)}</p>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
