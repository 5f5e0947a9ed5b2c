import { createClock } from '../../clock.js';
import { DEMO_HL7_PORT, loadConfig } from '../../config.js';
import { runHl7Simulation } from '../../simulator/run-hl7-simulation.js';
import { runSimulation } from '../../simulator/run-simulation.js';
import { SCENARIOS, SCENARIO_EVENTS, type Scenario } from '../../simulator/scenarios.js';
import { findLiveHolder } from '../../store/data-dir-lock.js';
import { CliError, parseNumberOption, parseOptions, printJson, requireOption, type CliCommand } from '../command.js';

export const simulateMonitorCommand: CliCommand = {
  name: 'simulate-monitor',
  summary: 'Feed a dosing session with simulated monitor readings through the device API or HL7 v2 (MLLP)',
  usage: `Usage: kairos simulate-monitor --session ID --token T [--scenario normal|hypertensive-episode|desaturation] [--speed N] [--minutes M] [--start ISO] [--url URL]
       kairos simulate-monitor --hl7 --mrn MRN [--host H] [--port P] [--scenario ...] [--speed N] [--minutes M] [--start ISO]

Posts one reading per simulated minute (blood pressure, heart rate, SpO2, respiratory rate) to
/api/device/sessions/ID/vitals with the device token T (create one in Settings, or POST
/api/device-tokens as an admin). --speed N runs N simulated minutes per real minute (match the
server's KAIROS_CLOCK_SPEED in demo mode). --start is minute 0 (default: now); --minutes the last
minute (default 120). Scenarios: normal (BP peaks near 40 min, +16/11 mmHg);
hypertensive-episode (${SCENARIO_EVENTS['hypertensive-episode'].what} at minute ${SCENARIO_EVENTS['hypertensive-episode'].minute});
desaturation (${SCENARIO_EVENTS.desaturation.what} at minute ${SCENARIO_EVENTS.desaturation.minute}).
The URL defaults to the server holding the data dir, else http://127.0.0.1:PORT.

With --hl7 the same scenarios go as HL7 v2 ORU^R01 messages over MLLP to the listener at --host
(default 127.0.0.1) and --port (default KAIROS_HL7_PORT, or 2575 in demo mode), one a minute for
the patient with medical record number MRN, each waiting for its ACK. The site must list this
machine's address as an HL7 sender (Settings, Devices; the demo lists 127.0.0.1).`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      session: { type: 'string' },
      token: { type: 'string' },
      scenario: { type: 'string' },
      speed: { type: 'string' },
      minutes: { type: 'string' },
      start: { type: 'string' },
      url: { type: 'string' },
      hl7: { type: 'boolean' },
      mrn: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
    });
    const scenario = (values.scenario ?? 'normal') as Scenario;
    if (!(SCENARIOS as readonly string[]).includes(scenario))
      throw new CliError('INVALID_INPUT', `--scenario: one of ${SCENARIOS.join(', ')}`);
    const speed = values.speed === undefined ? 1 : parseNumberOption(values.speed, 'speed');
    if (!(speed > 0 && speed <= 10_000)) throw new CliError('INVALID_INPUT', '--speed: a number above 0');
    const minutes = values.minutes === undefined ? 120 : parseNumberOption(values.minutes, 'minutes');
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 600)
      throw new CliError('INVALID_INPUT', '--minutes: a whole number from 0 to 600');
    const config = loadConfig();
    // Minute 0 defaults to now on the configured clock (demo mode may offset it).
    const clock = createClock(config.clock);
    const startMs = values.start === undefined ? clock.nowMs() : Date.parse(values.start);
    if (Number.isNaN(startMs)) throw new CliError('INVALID_INPUT', '--start: an ISO 8601 instant');
    if (values.hl7 === true) {
      const mrn = requireOption(values, 'mrn');
      const port = values.port === undefined ? (config.hl7?.port ?? DEMO_HL7_PORT) : parseNumberOption(values.port, 'port');
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new CliError('INVALID_INPUT', '--port: a whole number from 1 to 65535');
      const sent = await runHl7Simulation({
        host: values.host ?? '127.0.0.1',
        port,
        mrn,
        scenario,
        speed,
        fromMinute: 0,
        toMinute: minutes,
        startMs,
        nowMs: () => clock.nowMs(),
        log: (l) => io.stderr(`${l}\n`),
      }).catch((err: unknown) => {
        throw new CliError('SIMULATION_FAILED', err instanceof Error ? err.message : String(err));
      });
      return printJson(io, { mrn, scenario, transport: 'hl7-mllp', ...sent });
    }
    const sessionId = requireOption(values, 'session');
    const token = requireOption(values, 'token');
    const baseUrl = values.url ?? findLiveHolder(config.dataDir)?.url ?? `http://127.0.0.1:${config.port}`;
    const result = await runSimulation({
      baseUrl,
      token,
      sessionId,
      scenario,
      speed,
      fromMinute: 0,
      toMinute: minutes,
      startMs,
      log: (l) => io.stderr(`${l}\n`),
    }).catch((err: unknown) => {
      throw new CliError('SIMULATION_FAILED', err instanceof Error ? err.message : String(err));
    });
    return printJson(io, { session: sessionId, scenario, ...result });
  },
};
