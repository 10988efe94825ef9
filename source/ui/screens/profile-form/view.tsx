import {Text} from 'ink';
import {useState} from 'react';
import {isValidProfileName} from '../../../profiles/schema.js';
import {fit} from '../../../text/cell-width.js';
import {safeText} from '../../../text/terminal-safe.js';
import type {HeaderInfo} from '../../components/header.js';
import {Line, wrapWords} from '../../components/line.js';
import {ScreenFrame, type ScreenCommon} from '../../components/screen-frame.js';
import {TextEntry} from '../../components/text-entry.js';
import {describeError} from '../../describe-error.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import {useSyncReducer} from '../../hooks/use-sync-reducer.js';
import type {KeyHandlers, Keymap} from '../../keymap.js';
import type {ProfileService} from '../../profile-service.js';
import {useTheme} from '../../theme.js';
import {profileFormKeymap, type ProfileFormAction} from './keys.js';
import {FIELDS, initialFormState, profileFormReducer, type Field} from './state.js';

type Props = ScreenCommon & {
  header: HeaderInfo;
  service: ProfileService;
  mode: 'setup' | 'new' | 'edit';
  editing: string | undefined;
  onSaved: (name: string) => void;
  onCancel: () => void;
  onHelp?: (title: string, keymap: Keymap) => void;
  onQuit: () => void;
};

type Status = {kind: 'idle'} | {kind: 'testing'} | {kind: 'error'; message: string};

export function ProfileFormScreen({
  header,
  service,
  mode,
  editing,
  overlay,
  active,
  flash,
  onSaved,
  onCancel,
  onHelp,
  onQuit,
}: Props) {
  const theme = useTheme();
  const [form, send, formRef] = useSyncReducer(profileFormReducer, () => {
    const existing = editing ? service.list().find((p) => p.name === editing) : undefined;
    return initialFormState(existing, service.list().length === 0, mode);
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

  const handlers: KeyHandlers<ProfileFormAction> = {
    next: () => send({type: 'focus', by: 1}),
    previous: () => send({type: 'focus', by: -1}),
    save: () => (status.kind === 'testing' ? undefined : save()),
    cancel: () => (status.kind === 'testing' ? undefined : onCancel()),
    help: () => onHelp?.('profile form', profileFormKeymap),
    quit: onQuit,
  };
  useKeymap(profileFormKeymap, handlers, {readonly: false, isActive: active});

  const title =
    mode === 'setup'
      ? 'Set up a profile: the OAuth client this tool uses'
      : mode === 'new'
        ? 'New profile'
        : `Edit profile ${safeText(editing ?? '')}`;
  const labelWidth = 14;
  return (
    <ScreenFrame header={header} overlay={overlay} flash={flash} keymap={profileFormKeymap} readonly={false}>
      {({width, height}) => (
        <>
          <Line width={width} segments={[{text: title, style: theme.title}]} />
          {mode === 'setup' && height >= 12 ? (
            <Text {...theme.muted} wrap="truncate-end">
              {fit(
                'In the Management Console: OAuth → create a machine-to-machine client with the admin_classic scope.',
                width,
              )}
            </Text>
          ) : null}
          <Text> </Text>
          {FIELDS.map((f, i) => {
            const focused = i === focus && active && status.kind !== 'testing' && !locked(f.field);
            return (
              <Text key={f.field} wrap="truncate-end">
                <Text {...(i === focus ? theme.accent : theme.muted)}>
                  {i === focus ? '› ' : '  '}
                  {fit(f.label, labelWidth)}{' '}
                </Text>
                {locked(f.field) ? (
                  <Text {...theme.muted}>{safeText(draft[f.field])}</Text>
                ) : (
                  <TextEntry
                    value={draft[f.field]}
                    onChange={(value) => {
                      send({type: 'set', field: f.field, value});
                      if (status.kind === 'error') setStatus({kind: 'idle'});
                    }}
                    focused={focused}
                    masked={f.field === 'clientSecret'}
                    placeholder={
                      mode === 'edit' && f.field === 'clientSecret' ? 'empty keeps the stored secret' : f.placeholder
                    }
                    width={width - labelWidth - 3}
                  />
                )}
              </Text>
            );
          })}
          <Text> </Text>
          {status.kind === 'testing' ? (
            <Line
              width={width}
              segments={[{text: 'Testing the connection (token, /users/me, one page of tokens)…', style: theme.accent}]}
            />
          ) : status.kind === 'error' ? (
            // The reason is the point of this form: up to three lines of it, word-wrapped.
            wrapWords(status.message, width, Math.max(1, Math.min(3, height - 8))).map((line, i) => (
              <Text key={i} {...theme.danger} wrap="truncate-end">
                {line}
              </Text>
            ))
          ) : (
            <Line width={width} segments={[{text: 'enter tests the connection, then saves.', style: theme.muted}]} />
          )}
        </>
      )}
    </ScreenFrame>
  );
}
