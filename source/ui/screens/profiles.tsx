import {Box, Text} from 'ink';
import {useMemo, useState} from 'react';
import {fit} from '../../text/cell-width.js';
import {safeText} from '../../text/terminal-safe.js';
import {FlashLine, type Flash, type FlashKind} from '../components/flash-line.js';
import {FooterHints} from '../components/footer-hints.js';
import {Header, tenantHost, type HeaderInfo} from '../components/header.js';
import {Line} from '../components/line.js';
import {describeError} from '../describe-error.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {useSyncReducer} from '../hooks/use-sync-reducer.js';
import {profilesKeymap, type Keymap} from '../keymap.js';
import {footerLines, frameHeight, frameWidth} from '../layout.js';
import type {OverlaySlot} from '../overlay.js';
import type {ProfileService} from '../profile-service.js';
import {useTheme} from '../theme.js';

type Props = {
  header: HeaderInfo;
  service: ProfileService | undefined;
  overlay: OverlaySlot | undefined;
  isActive: boolean;
  flash: Flash | undefined;
  showFlash: (text: string, kind?: FlashKind) => void;
  onUse: (name: string) => void;
  onNew: () => void;
  onEdit: (name: string) => void;
  onRemove: (name: string, removed: () => void) => void;
  onBack: () => void;
  onHelp: (title: string, keymap: Keymap) => void;
  onQuit: () => void;
};

export function ProfilesScreen({
  header,
  service,
  overlay,
  isActive,
  flash,
  showFlash,
  onUse,
  onNew,
  onEdit,
  onRemove,
  onBack,
  onHelp,
  onQuit,
}: Props) {
  const theme = useTheme();
  const {columns, rows} = useTerminalSize();
  const width = frameWidth(columns);
  const footer = footerLines(rows);
  const bodyHeight = frameHeight(rows) - 2 - footer;
  // The store is the state, read once per change (a removal bumps the version), not on every
  // render: a read is file I/O, and a file broken meanwhile must not throw inside a render.
  const [version, setVersion] = useState(0);
  const listed = useMemo((): {profiles: ReturnType<ProfileService['list']>; error?: string} => {
    try {
      return {profiles: service?.list() ?? []};
    } catch (error) {
      return {profiles: [], error: describeError(error)};
    }
  }, [service, version]);
  const {profiles} = listed;
  // Synchronous, so "k<enter>" arriving in one read uses the profile k moved to.
  const [cursor, moveTo, cursorRef] = useSyncReducer(
    (_: number, next: number) => next,
    () =>
      Math.max(
        0,
        profiles.findIndex((p) => p.current),
      ),
  );
  const [testing, setTesting] = useState<string>();
  const index = Math.min(cursor, Math.max(0, profiles.length - 1));

  useKeymap(
    profilesKeymap,
    (action) => {
      const index = Math.min(cursorRef.current, Math.max(0, profiles.length - 1));
      const selected = profiles[index];
      switch (action) {
        case 'up':
          return moveTo(Math.max(0, index - 1));
        case 'down':
          return moveTo(Math.min(profiles.length - 1, index + 1));
        case 'use':
          return selected && onUse(selected.name);
        case 'new':
          return onNew();
        case 'edit':
          return selected && onEdit(selected.name);
        case 'remove':
          if (!selected || !service) return;
          return onRemove(selected.name, () => {
            try {
              service.remove(selected.name);
              setVersion((v) => v + 1);
              showFlash(`Removed ${selected.name}.`, 'success');
            } catch (error) {
              showFlash(describeError(error), 'error');
            }
          });
        case 'test': {
          if (!selected || !service || testing) return;
          let credentials;
          try {
            // The store is read here, and the file may have been broken since the screen opened.
            credentials = service.credentialsOf(selected.name);
          } catch (error) {
            return showFlash(describeError(error), 'error');
          }
          if (!credentials) return;
          setTesting(selected.name);
          showFlash(`Testing ${selected.name}…`);
          void service
            .test(credentials)
            .then(
              (report) =>
                showFlash(
                  `${selected.name}: acts as ${safeText(report.user.name)}; ${report.verdict}`,
                  report.canManageOthers ? 'success' : 'warning',
                ),
              (error: unknown) => showFlash(`${selected.name}: ${describeError(error)}`, 'error'),
            )
            .finally(() => setTesting(undefined));
          return;
        }
        case 'back':
          return onBack();
        case 'help':
          return onHelp('profiles', profilesKeymap);
        case 'quit':
          return onQuit();
      }
    },
    {readonly: false, isActive: isActive && overlay === undefined},
  );

  const nameWidth = Math.min(20, Math.max(8, ...profiles.map((p) => p.name.length)));
  const listHeight = Math.max(1, bodyHeight - 2);
  const top = Math.max(0, Math.min(index - listHeight + 1, profiles.length - listHeight));
  return (
    <Box flexDirection="column">
      <Header info={header} width={width} />
      {overlay ? (
        <Box height={bodyHeight + footer - 1} flexDirection="column">
          {overlay.render({width, height: bodyHeight + footer - 1})}
        </Box>
      ) : (
        <Box height={bodyHeight} flexDirection="column">
          <Line
            width={width}
            segments={[
              {text: 'Profiles', style: theme.title},
              {text: `  ${safeText(service?.path ?? '')}`, style: theme.muted},
            ]}
          />
          <Text> </Text>
          {listed.error ? (
            <Line width={width} segments={[{text: listed.error, style: theme.danger}]} />
          ) : profiles.length === 0 ? (
            <Text {...theme.muted}>No profiles yet: n adds one.</Text>
          ) : null}
          {profiles.slice(top, top + listHeight).map((profile, i) => {
            const isSelected = top + i === index;
            const text = `${profile.current ? '●' : ' '} ${fit(safeText(profile.name), nameWidth)}  ${fit(safeText(tenantHost(profile.tenantUrl)), 36)}  ${safeText(profile.clientId)}${profile.readonly ? '  RO' : ''}`;
            return (
              <Text key={profile.name} {...(isSelected ? theme.selection : {})} wrap="truncate-end">
                {fit(text, width)}
              </Text>
            );
          })}
        </Box>
      )}
      <FlashLine flash={flash} width={width} />
      <FooterHints
        keymap={overlay ? overlay.keymap : profilesKeymap}
        mode={{readonly: false}}
        width={width}
        lines={overlay ? 1 : footer}
      />
    </Box>
  );
}
