/**
 * @module The searchable dropdown for a field with `x-dataSource`: options come live from
 * `POST /api/datasources/{key}`; typing searches (debounced), scrolling to the end loads the next page, and a change
 * in a field the data source depends on empties the list and the value. Enter keeps what was typed (a login, an id
 * or, in a flow, a `{{…}}` reference).
 */
import type { WidgetProps } from '@rjsf/utils';
import { type KeyboardEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, post } from './api.ts';
import type { DataSourceEntry, ErrorInfo, Option, Schema } from './types.ts';

/** What every form passes to its widgets (rjsf `formContext`). */
export interface FormContext {
  dataSources: Map<string, DataSourceEntry>;
  /** The whole form's values, for the fields a data source depends on. */
  formData: Record<string, unknown>;
  /** In a flow: references to earlier steps' outputs the field may take. */
  refs?: { ref: string; label: string }[];
}

const SEARCH_DELAY_MS = 250;

interface Page {
  options: Option[];
  nextCursor: string | null;
}

export function PicklistWidget(props: WidgetProps) {
  const schema = props.schema as Schema;
  const context = props.registry.formContext as FormContext;
  const source = context.dataSources.get(schema['x-dataSource'] ?? '');
  const dependsOn = source?.dependsOn ?? [];
  const parentValues = JSON.stringify(dependsOn.map((name) => context.formData[name] ?? null));
  const listId = useId();

  const [open, setOpen] = useState(false);
  const [text, setText] = useState<string>(props.value ?? '');
  const [chosenLabel, setChosenLabel] = useState<string | undefined>();
  const [options, setOptions] = useState<Option[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const [active, setActive] = useState(-1);
  const generation = useRef(0);

  // A value set from outside (a saved flow, a reference inserted from the menu) is shown as it is.
  const emitted = useRef<unknown>(props.value);
  const onChange = props.onChange;
  const emit = useCallback(
    (value: string | undefined) => {
      emitted.current = value;
      onChange(value);
    },
    [onChange],
  );
  useEffect(() => {
    if (props.value === emitted.current) return;
    emitted.current = props.value;
    setText(props.value ?? '');
    setChosenLabel(undefined);
  }, [props.value]);

  const load = useCallback(
    async (search: string, after: string | null) => {
      if (!source) return;
      const mine = after ? generation.current : ++generation.current;
      setLoading(true);
      setError(undefined);
      try {
        const values = JSON.parse(parentValues) as unknown[];
        const input = Object.fromEntries(source.dependsOn.map((name, index) => [name, values[index]]));
        const page = await post<Page>(`/api/datasources/${encodeURIComponent(source.key)}`, {
          input,
          ...(search ? { search } : {}),
          ...(after ? { cursor: after } : {}),
        });
        if (mine !== generation.current) return; // a newer search started meanwhile
        setOptions((old) => (after ? [...old, ...page.options] : page.options));
        setCursor(page.nextCursor);
      } catch (caught) {
        if (mine === generation.current) setError(caught instanceof ApiError ? caught.info : undefined);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [source, parentValues],
  );

  // A parent field changed: the old options and the old choice may not belong to it any more.
  const firstParents = useRef(parentValues);
  useEffect(() => {
    if (firstParents.current === parentValues) return;
    firstParents.current = parentValues;
    setOptions([]);
    setCursor(null);
    setText('');
    setChosenLabel(undefined);
    emit(undefined);
    if (open) void load('', null);
  }, [parentValues, load, open, emit]);

  // Typing searches once the typing pauses.
  const searchText = chosenLabel !== undefined ? '' : text;
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => void load(searchText.startsWith('{{') ? '' : searchText, null), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [open, searchText, load]);

  const choose = (option: Option) => {
    setText(option.label);
    setChosenLabel(option.label);
    setOpen(false);
    emit(option.value);
  };

  const keepTyped = () => {
    setOpen(false);
    setChosenLabel(undefined);
    emit(text.trim() === '' ? undefined : text.trim());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const option = options[active];
      if (open && option) choose(option);
      else keepTyped();
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  return (
    <div className="picklist">
      <input
        id={props.id}
        name={props.htmlName ?? props.id}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        autoComplete="off"
        required={props.required}
        disabled={props.disabled || props.readonly}
        placeholder={props.placeholder || `Search ${source?.label ?? 'options'}…`}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setChosenLabel(undefined);
          setActive(-1);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          // A click on an option lands before this closes the list.
          setTimeout(() => {
            setOpen(false);
            if (chosenLabel === undefined && text.trim() !== (props.value ?? '')) emit(text.trim() || undefined);
          }, 150);
        }}
        onKeyDown={onKeyDown}
      />
      {props.value && chosenLabel !== undefined && chosenLabel !== props.value ? (
        <div className="picklist-value">
          <code>{String(props.value)}</code>
        </div>
      ) : null}
      {open ? (
        <div
          className="picklist-options"
          id={listId}
          role="listbox"
          data-testid={`picklist-${props.id}`}
          onScroll={(event) => {
            const list = event.currentTarget;
            if (cursor && !loading && list.scrollTop + list.clientHeight >= list.scrollHeight - 24) {
              void load(searchText, cursor);
            }
          }}
        >
          {options.map((option, index) => (
            <div
              key={option.value}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(option)}
              onKeyDown={() => undefined}
            >
              <span className="option-label">{option.label}</span>
              {option.description ? <span className="option-description">{option.description}</span> : null}
            </div>
          ))}
          {loading ? <div className="picklist-note">Loading…</div> : null}
          {!loading && !error && options.length === 0 ? (
            <div className="picklist-note">No match. Press Enter to use “{text}” as it is.</div>
          ) : null}
          {error ? <div className="picklist-note error-text">{error.message}</div> : null}
          {cursor && !loading ? <div className="picklist-note">Scroll for more…</div> : null}
        </div>
      ) : null}
    </div>
  );
}
