import {Text} from 'ink';
import {useState} from 'react';
import {safeText} from '../../../text/terminal-safe.js';
import type {FlashKind} from '../../components/flash-line.js';
import {tenantHost, type HeaderInfo} from '../../components/header.js';
import {Line} from '../../components/line.js';
import {ScreenFrame, type ScreenCommon} from '../../components/screen-frame.js';
import {rowsThatFit, StaticTable} from '../../components/static-table.js';
import {describeError} from '../../describe-error.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import {useSyncReducer} from '../../hooks/use-sync-reducer.js';
import type {KeyHandlers, Keymap} from '../../keymap.js';
import type {ProfileService, ProfileSummary} from '../../profile-service.js';
import {useTheme} from '../../theme.js';
import {profilesKeymap, type ProfilesAction} from './keys.js';

type Props = ScreenCommon & {
  header: HeaderInfo;
  service: ProfileService | undefined;
  /** The profile this session runs on (--profile, or a switch here): not necessarily the default. */
  inUse: string | undefined;
  showFlash: (text: string, kind?: FlashKind) => void;
  onUse: (name: string) => void;
  onNew: () => void;
  onEdit: (name: string) => void;
  onRemove: (name: string, removed: () => void) => void;
  onBack: () => void;
  onHelp: (title: string, keymap: Keymap) => void;
  onMessages: () => void;
  onQuit: () => void;
};

/** "in use" and "default" are two facts: with --profile X they differ, and a script follows the default. */
export function profileRows(profiles: readonly ProfileSummary[], inUse: string | undefined, cursor: number) {
  return profiles.map((p, i) => ({
    ' ': i === cursor ? '›' : ' ',
    profile: p.name,
    tenant: tenantHost(p.tenantUrl),
    'client id': p.clientId,
    state: [p.name === inUse ? 'in use' : '', p.isDefault ? 'default' : '', p.readonly ? 'RO' : '']
      .filter(Boolean)
      .join(', '),
  }));
}

function listProfiles(service: ProfileService | undefined): {profiles: ProfileSummary[]; error?: string} {
  try {
    return {profiles: service?.list() ?? []};
  } catch (error) {
    return {profiles: [], error: describeError(error)};
  }
}

export function ProfilesScreen({
  header,
  service,
  inUse,
  overlay,
  active,
  flash,
  showFlash,
  onUse,
  onNew,
  onEdit,
  onRemove,
  onBack,
  onHelp,
  onMessages,
  onQuit,
}: Props) {
  const theme = useTheme();
  // The store is the state, read on mount and after each change (a removal re-reads it), not on
  // every render: a read is file I/O, and a file broken meanwhile must not throw inside a render.
  // `service` is the app's, the same for the screen's whole life.
  const [listed, setListed] = useState(() => listProfiles(service));
  const reload = () => setListed(listProfiles(service));
  const {profiles} = listed;
  // Synchronous, so "k<enter>" arriving in one read uses the profile k moved to. Starts on the
  // profile in use (with --profile X that is X, whatever the default).
  const [cursor, moveTo, cursorRef] = useSyncReducer(
    (_: number, next: number) => next,
    () =>
      Math.max(
        0,
        profiles.findIndex((p) => (inUse ? p.name === inUse : p.isDefault)),
      ),
  );
  const [testing, setTesting] = useState<string>();
  const index = Math.min(cursor, Math.max(0, profiles.length - 1));
  const selected = () => profiles[Math.min(cursorRef.current, Math.max(0, profiles.length - 1))];

  const handlers: KeyHandlers<ProfilesAction> = {
    up: () => moveTo(Math.max(0, index - 1)),
    down: () => moveTo(Math.min(profiles.length - 1, index + 1)),
    use: () => {
      const p = selected();
      if (p) onUse(p.name);
    },
    makeDefault: () => {
      const p = selected();
      if (!p || !service) return;
      try {
        service.makeDefault(p.name);
        reload();
        showFlash(`${p.name} is the default now: qlik-tokens and every command without --profile use it.`, 'success');
      } catch (error) {
        showFlash(describeError(error), 'error');
      }
    },
    new: onNew,
    edit: () => {
      const p = selected();
      if (p) onEdit(p.name);
    },
    remove: () => {
      const p = selected();
      if (!p || !service) return;
      onRemove(p.name, () => {
        try {
          service.remove(p.name);
          reload();
          showFlash(`Removed ${p.name}.`, 'success');
        } catch (error) {
          showFlash(describeError(error), 'error');
        }
      });
    },
    test: () => {
      const p = selected();
      if (!p || !service || testing) return;
      let credentials;
      try {
        // The store is read here, and the file may have been broken since the screen opened.
        credentials = service.credentialsOf(p.name);
      } catch (error) {
        return showFlash(describeError(error), 'error');
      }
      if (!credentials) return;
      setTesting(p.name);
      showFlash(`Testing ${p.name}…`);
      void service
        .test(credentials)
        .then(
          (report) =>
            showFlash(
              `${p.name}: acts as ${safeText(report.user.name)}; ${report.verdict}`,
              report.canManageOthers ? 'success' : 'warning',
            ),
          (error: unknown) => showFlash(`${p.name}: ${describeError(error)}`, 'error'),
        )
        .finally(() => setTesting(undefined));
    },
    back: onBack,
    messages: onMessages,
    help: () => onHelp('profiles', profilesKeymap),
    quit: onQuit,
  };
  useKeymap(profilesKeymap, handlers, {readonly: false, isActive: active});

  return (
    <ScreenFrame header={header} overlay={overlay} flash={flash} keymap={profilesKeymap} readonly={false}>
      {({width, height}) => {
        const room = rowsThatFit(height - 2);
        const top = Math.max(0, Math.min(index - room + 1, profiles.length - room));
        return (
          <>
            <Line
              width={width}
              segments={[
                {text: 'Profiles', style: theme.title},
                {text: `  ${safeText(service?.path ?? '')}`, style: theme.muted},
              ]}
            />
            {listed.error ? (
              <Line width={width} segments={[{text: listed.error, style: theme.danger}]} />
            ) : profiles.length === 0 ? (
              <Text {...theme.muted}>No profiles yet: n adds one.</Text>
            ) : (
              <StaticTable
                columns={[
                  {key: ' ', max: 1},
                  {key: 'profile', max: 20},
                  {key: 'tenant', max: 36},
                  {key: 'client id', max: 24},
                  {key: 'state', max: 19},
                ]}
                rows={profileRows(profiles, inUse, index).slice(top, top + room)}
                width={width}
              />
            )}
          </>
        );
      }}
    </ScreenFrame>
  );
}
