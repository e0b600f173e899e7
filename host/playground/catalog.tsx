/**
 * @module The searchable list of every action (by area), trigger (by kind) and data source. The search matches the
 * label, the key and the description, word by word.
 */
import { useState } from 'react';
import type { Manifest, Selected, UnitKind } from './types.ts';

interface Group {
  title: string;
  kind: UnitKind;
  units: { key: string; label: string; description: string }[];
}

const TRIGGER_GROUPS: Record<string, string> = {
  polling: 'Triggers: polling',
  webhook: 'Triggers: webhook',
  webhookOrPolling: 'Triggers: Okta events',
};

function groupsOf(manifest: Manifest): Group[] {
  const groups = new Map<string, Group>();
  const add = (title: string, kind: UnitKind, unit: Group['units'][number]) => {
    const group = groups.get(title) ?? { title, kind, units: [] };
    group.units.push(unit);
    groups.set(title, group);
  };
  for (const action of manifest.actions) add(`Actions: ${action.area}`, 'action', action);
  for (const trigger of manifest.triggers) add(TRIGGER_GROUPS[trigger.kind] ?? 'Triggers', 'trigger', trigger);
  for (const source of manifest.dataSources) add('Data sources', 'dataSource', source);
  return [...groups.values()];
}

function matches(unit: Group['units'][number], words: string[]): boolean {
  const text = `${unit.label} ${unit.key} ${unit.description}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

export function Catalog(props: { manifest: Manifest; selected?: Selected; onSelect: (selected: Selected) => void }) {
  const [search, setSearch] = useState('');
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const groups = groupsOf(props.manifest)
    .map((group) => ({ ...group, units: group.units.filter((unit) => matches(unit, words)) }))
    .filter((group) => group.units.length > 0);
  return (
    <nav className="catalog" aria-label="Steps">
      <input
        type="search"
        placeholder="Search actions, triggers, data sources…"
        aria-label="Search steps"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {groups.length === 0 ? <p className="note">Nothing matches “{search}”.</p> : null}
      {groups.map((group) => (
        <details key={group.title} open={words.length > 0 || group.kind === 'action'}>
          <summary>
            {group.title} <span className="count">{group.units.length}</span>
          </summary>
          <ul>
            {group.units.map((unit) => {
              const current = props.selected?.kind === group.kind && props.selected.key === unit.key;
              return (
                <li key={unit.key}>
                  <button
                    type="button"
                    className={current ? 'current' : undefined}
                    aria-current={current ? 'true' : undefined}
                    title={unit.description}
                    data-key={unit.key}
                    onClick={() => props.onSelect({ kind: group.kind, key: unit.key })}
                  >
                    {unit.label}
                  </button>
                </li>
              );
            })}
          </ul>
        </details>
      ))}
    </nav>
  );
}
