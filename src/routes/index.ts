// Every service entry the gateway serves, in one table (also the source of the README's endpoint list).
import type { ServiceDef } from '../core/service.ts';
import { cardByCitizen, cardCheck } from './cards.ts';
import { egwCardCheck } from './compat-egw.ts';
import { submitEvent } from './events.ts';
import { cancelExport, createExport, exportFile, exportStatus } from './exports.ts';
import { healthChecksByCitizen, submitHealthCheck } from './health-checks.ts';
import { identityVerify } from './identity.ts';
import { listQuery } from './lists.ts';
import { participantByCitizen, participantBySin } from './participants.ts';

export const SERVICES: readonly ServiceDef[] = [cardByCitizen, cardCheck, egwCardCheck, participantBySin, participantByCitizen, submitHealthCheck, healthChecksByCitizen, identityVerify, submitEvent, listQuery, createExport, exportStatus, exportFile, cancelExport];
