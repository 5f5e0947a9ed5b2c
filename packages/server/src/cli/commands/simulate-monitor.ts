import { createClock } from '../../clock.js';
import { loadConfig } from '../../config.js';
import { runSimulation } from '../../simulator/run-simulation.js';
import { SCENARIOS, SCENARIO_EVENTS, type Scenario } from '../../simulator/scenarios.js';
import { findLiveHolder } from '../../store/data-dir-lock.js';
import { CliError, parseNumberOption, parseOptions, printJson, requireOption, type CliCommand } from '../command.js';

export const simulateMonitorCommand: CliCommand = {
  name: 'simulate-monitor',
  summary: 'Feed a dosing session with simulated monitor readings through the device API',
  usage: `Usage: kairos simulate-monitor --session ID --token T [--scenario normal|hypertensive-episode|desaturation] [--speed N] [--minutes M] [--start ISO] [--url URL]

Posts one reading per simulated minute (blood pressure, heart rate, SpO2, respiratory rate) to
/api/device/sessions/ID/vitals with the device token T (create one in Settings, or POST
/api/device-tokens as an admin). --speed N runs N simulated minutes per real minute (match the
server's KAIROS_CLOCK_SPEED in demo mode). --start is minute 0 (default: now); --minutes the last
minute (default 120). Scenarios: normal (BP peaks near 40 min, +16/11 mmHg);
hypertensive-episode (${SCENARIO_EVENTS['hypertensive-episode'].what} at minute ${SCENARIO_EVENTS['hypertensive-episode'].minute});
desaturation (${SCENARIO_EVENTS.desaturation.what} at minute ${SCENARIO_EVENTS.desaturation.minute}).
The URL defaults to the server holding the data dir, else http://127.0.0.1:PORT.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      session: { type: 'string' },
      token: { type: 'string' },
      scenario: { type: 'string' },
      speed: { type: 'string' },
      minutes: { type: 'string' },
      start: { type: 'string' },
      url: { type: 'string' },
    });
    const sessionId = requireOption(values, 'session');
    const token = requireOption(values, 'token');
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
    const startMs = values.start === undefined ? createClock(config.clock).nowMs() : Date.parse(values.start);
    if (Number.isNaN(startMs)) throw new CliError('INVALID_INPUT', '--start: an ISO 8601 instant');
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
