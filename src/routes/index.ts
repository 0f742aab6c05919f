// Every service entry the gateway serves, in one table (also the source of the README's endpoint list).
import type { ServiceDef } from '../core/service.ts';
import { cardByCitizen, cardCheck } from './cards.ts';
import { egwCardCheck } from './compat-egw.ts';
import { participantByCitizen, participantBySin } from './participants.ts';

export const SERVICES: readonly ServiceDef[] = [cardByCitizen, cardCheck, egwCardCheck, participantBySin, participantByCitizen];
