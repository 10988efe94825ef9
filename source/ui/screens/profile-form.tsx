import {Box, Text} from 'ink';
import {useState} from 'react';
import {isValidProfileName} from '../../profiles/schema.js';
import {fit} from '../../text/cell-width.js';
import {safeText} from '../../text/terminal-safe.js';
import {FlashLine, type Flash} from '../components/flash-line.js';
import {FooterHints} from '../components/footer-hints.js';
import {Header, type HeaderInfo} from '../components/header.js';
import {Line, wrapWords} from '../components/line.js';
import {TextField} from '../components/text-field.js';
import {describeError} from '../describe-error.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {useSyncReducer} from '../hooks/use-sync-reducer.js';
import {profileFormKeymap} from '../keymap.js';
import {footerLines, frameHeight, frameWidth} from '../layout.js';
import type {OverlaySlot} from '../overlay.js';
import type {ProfileDraft, ProfileService} from '../profile-service.js';
import {useTheme} from '../theme.js';

type Field = keyof ProfileDraft;

const FIELDS: ReadonlyArray<{field: Field; label: string; placeholder: string}> = [
  {field: 'tenantUrl', label: 'Tenant URL', placeholder: 'https://TENANT.REGION.qlikcloud.com'},
  {field: 'clientId', label: 'Client ID', placeholder: 'the OAuth client (M2M, admin_classic scope)'},
  {field: 'clientSecret', label: 'Client secret', placeholder: 'pasted here, shown masked'},
  {field: 'name', label: 'Profile name', placeholder: 'e.g. prod'},
];

type Props = {
  header: HeaderInfo;
  service: ProfileService;
  mode: 'setup' | 'new' | 'edit';
  editing: string | undefined;
  overlay: OverlaySlot | undefined;
  isActive: boolean;
  flash: Flash | undefined;
  onSaved: (name: string) => void;
  onCancel: () => void;
  onQuit: () => void;
};

type Status = {kind: 'idle'} | {kind: 'testing'} | {kind: 'error'; message: string};

type FormState = {draft: ProfileDraft; focus: number; locked: readonly Field[]};
type FormEvent = {type: 'focus'; by: number} | {type: 'input'; text: string} | {type: 'erase'} | {type: 'clear'};

// A reducer read synchronously: "url<Tab>id<Tab>secret" arriving in one read fills three fields.
function formReducer(state: FormState, event: FormEvent): FormState {
  if (event.type === 'focus') return {...state, focus: (state.focus + event.by + FIELDS.length) % FIELDS.length};
  const field = FIELDS[state.focus]!.field;
  if (state.locked.includes(field)) return state;
  const value = state.draft[field];
  const next = event.type === 'input' ? value + event.text : event.type === 'erase' ? value.slice(0, -1) : '';
  return {...state, draft: {...state.draft, [field]: next}};
}

export function ProfileFormScreen({header, service, mode, editing, isActive, flash, onSaved, onCancel, onQuit}: Props) {
  const theme = useTheme();
  const {columns, rows} = useTerminalSize();
  const width = frameWidth(columns);
  const footer = footerLines(rows);
  const bodyHeight = frameHeight(rows) - 2 - footer;
  const [form, send, formRef] = useSyncReducer(formReducer, () => {
    const existing = editing ? service.list().find((p) => p.name === editing) : undefined;
    const draft = existing
      ? {name: existing.name, tenantUrl: existing.tenantUrl, clientId: existing.clientId, clientSecret: ''}
      : {name: service.list().length === 0 ? 'default' : '', tenantUrl: '', clientId: '', clientSecret: ''};
    return {draft, focus: 0, locked: mode === 'edit' ? (['name'] as Field[]) : []};
  });
  const {draft, focus} = form;
  const [status, setStatus] = useState<Status>({kind: 'idle'});
  const locked = (f: Field) => mode === 'edit' && f === 'name';

  const save = () => {
    const {draft} = formRef.current;
    const problems: string[] = [];
    if (draft.tenantUrl.trim() === '') problems.push('the tenant URL');
    if (draft.clientId.trim() === '') problems.push('the client ID');
    if (draft.clientSecret === '' && mode !== 'edit') problems.push('the client secret');
    if (problems.length > 0) return setStatus({kind: 'error', message: `Missing ${problems.join(', ')}.`});
    if (!isValidProfileName(draft.name))
      return setStatus({
        kind: 'error',
        message: 'A profile name is letters, digits, . _ - (up to 64), starting with a letter or digit.',
      });
    let secret: string;
    try {
      // The store is read here, and the file may have been broken since the form opened.
      if (mode !== 'edit' && service.list().some((p) => p.name === draft.name))
        return setStatus({kind: 'error', message: `A profile named ${draft.name} exists already.`});
      secret =
        draft.clientSecret !== ''
          ? draft.clientSecret
          : ((editing ? service.credentialsOf(editing)?.clientSecret : undefined) ?? '');
    } catch (error) {
      return setStatus({kind: 'error', message: `${describeError(error).replace(/[.\s]*$/, '.')} Not saved.`});
    }
    setStatus({kind: 'testing'});
    service
      .test({
        tenantUrl: draft.tenantUrl.trim(),
        clientId: draft.clientId.trim(),
        clientSecret: secret,
        scope: 'admin_classic',
      })
      .then((report) => {
        if (!report.canManageOthers) {
          // The verdict is a predicate ("missing the … scope", "cannot list tokens …").
          const clause = report.verdict.startsWith('missing')
            ? `the client is ${report.verdict}`
            : `it ${report.verdict}`;
          // The decision first: the verdict is long and the message wraps to three lines at most.
          return setStatus({
            kind: 'error',
            message: `Not saved: connected as ${safeText(report.user.name)}, but ${clause.replace(/[.\s]*$/, '')}.`,
          });
        }
        service.save({...draft, tenantUrl: draft.tenantUrl.trim(), clientId: draft.clientId.trim()}, editing);
        onSaved(draft.name);
      })
      .catch((error: unknown) =>
        setStatus({kind: 'error', message: `${describeError(error).replace(/[.\s]*$/, '.')} Not saved.`}),
      );
  };

  useKeymap(
    profileFormKeymap,
    (action) => {
      if (status.kind === 'testing') return action === 'quit' ? onQuit() : undefined;
      switch (action) {
        case 'next':
          return send({type: 'focus', by: 1});
        case 'previous':
          return send({type: 'focus', by: -1});
        case 'save':
          return save();
        case 'cancel':
          return onCancel();
        case 'quit':
          return onQuit();
      }
    },
    {
      readonly: false,
      isActive,
      onOther: (input, key) => {
        if (status.kind === 'testing') return;
        if (key.backspace || key.delete) return send({type: 'erase'});
        if (key.ctrl && input === 'u') return send({type: 'clear'});
        if (key.ctrl || key.meta || input === '') return;
        send({type: 'input', text: input.replace(/[\r\n]+/g, '')});
        if (status.kind === 'error') setStatus({kind: 'idle'});
      },
    },
  );

  const title =
    mode === 'setup'
      ? 'Set up a profile: the OAuth client this tool uses'
      : mode === 'new'
        ? 'New profile'
        : `Edit profile ${safeText(editing ?? '')}`;
  const labelWidth = 14;
  return (
    <Box flexDirection="column">
      <Header info={header} width={width} />
      <Box height={bodyHeight} flexDirection="column">
        <Line width={width} segments={[{text: title, style: theme.title}]} />
        {mode === 'setup' && bodyHeight >= 12 ? (
          <Text {...theme.muted} wrap="truncate-end">
            {fit(
              'In the Management Console: OAuth → create a machine-to-machine client with the admin_classic scope.',
              width,
            )}
          </Text>
        ) : null}
        <Text> </Text>
        {FIELDS.map((f, i) => (
          <TextField
            key={f.field}
            label={f.label}
            value={draft[f.field]}
            focused={i === focus}
            masked={f.field === 'clientSecret'}
            placeholder={
              mode === 'edit' && f.field === 'clientSecret' ? 'empty keeps the stored secret' : f.placeholder
            }
            labelWidth={labelWidth}
            width={width}
            disabled={locked(f.field)}
          />
        ))}
        <Text> </Text>
        {status.kind === 'testing' ? (
          <Line
            width={width}
            segments={[{text: 'Testing the connection (token, /users/me, one page of tokens)…', style: theme.accent}]}
          />
        ) : status.kind === 'error' ? (
          // The reason is the point of this form: up to three lines of it, word-wrapped.
          wrapWords(status.message, width, Math.max(1, Math.min(3, bodyHeight - 8))).map((line, i) => (
            <Text key={i} {...theme.danger} wrap="truncate-end">
              {line}
            </Text>
          ))
        ) : (
          <Line width={width} segments={[{text: 'enter tests the connection, then saves.', style: theme.muted}]} />
        )}
      </Box>
      <FlashLine flash={flash} width={width} />
      <FooterHints keymap={profileFormKeymap} mode={{readonly: false}} width={width} lines={footer} />
    </Box>
  );
}
