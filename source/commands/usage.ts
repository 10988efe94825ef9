export const USAGE = `qlik-tokens — see and revoke the OAuth tokens of a Qlik Cloud tenant

Usage
  qlik-tokens                               the terminal UI on the current profile (first run: setup)
  qlik-tokens --demo                        the terminal UI on an embedded simulated tenant
  qlik-tokens profiles list|add|edit|use|remove|test [NAME]
  qlik-tokens whoami                        who the client acts as
  qlik-tokens users search QUERY [--all-profiles]
  qlik-tokens tokens list   [--user ID|EMAIL|me] [CRITERIA] [--all-profiles]   (default: the whole tenant)
  qlik-tokens tokens revoke TOKEN_ID... [--yes] [--dry-run]
  qlik-tokens tokens revoke --user ID|EMAIL --all [--yes] [--watch DURATION] [--dry-run] [--all-profiles]
  qlik-tokens tokens revoke CRITERIA [--user ID|EMAIL] [--yes] [--dry-run]
     CRITERIA: --unused-for DURATION · --device TYPE · --description TEXT
     --all-profiles: every stored profile at once, grouped by profile
  qlik-tokens audit [--since DURATION]      the local log of revocations
  qlik-tokens simulate [--port N] ...       run the simulated tenant (see: simulate --help)

Global flags
  --profile NAME     use this profile instead of the current one
  --readonly         no revocation, anywhere
  --refresh SECONDS  live refresh of the token list (default 5, min 2)
  --json             machine output on stdout (one JSON document)
  --help, -h         this help (or a command's: qlik-tokens tokens --help)
  --version, -V      the version

Environment
  QLIK_TENANT, QLIK_CLIENT_ID, QLIK_CLIENT_SECRET   override the profile (all three: no profile needed)
  QLIK_TOKENS_HOME                                  directory for all of the tool's files
  NO_COLOR                                          no colours

Exit codes
  0 ok · 1 failure · 2 usage error, refused or cancelled · 3 authentication/authorisation failure
`;
