import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ReplicatedDatabase } from '../lib/data/replicated-database';
import { QueueWorker } from '../lib/queue/queue-worker';
import { WebService } from '../lib/service/web-service';
import { blueprintImage, usePullThroughCache } from './container-image';
import { PropSettings, SettingNames } from './setting-names';
import { PLACEHOLDER_WORKER_COMMAND, PLACEHOLDER_WORKER_IMAGE, SloSettings } from './settings';

/** A blueprint's `worker` settings (see `workerSchema`). */
export interface WorkerSettings {
  readonly enabled: boolean;
  readonly image: string;
  readonly command?: string[];
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly messageProcessingTimeSeconds: number;
  readonly dbPoolSize: number;
}

/** What {@link addWorkerTier} wires the worker to. */
export interface WorkerTierOptions {
  readonly worker: WorkerSettings;
  readonly slo: SloSettings;
  /** The web tier: its cluster hosts the workers, and it becomes the queue's producer. */
  readonly web: WebService;
  /** The database the workers use; their pools enter its connection budget. */
  readonly database: ReplicatedDatabase;
  /** @default - QueueWorker's default (all on-demand) */
  readonly spotPercentage?: number;
  /** @default - QueueWorker's default */
  readonly onDemandBaseTasks?: number;
  /** Whether the tasks have internet egress (a NAT gateway); without, images come from ECR. */
  readonly internetEgress: boolean;
  /** The blueprint's settings names: the workers' connection budget error names `worker.*`. */
  readonly settingNames: SettingNames;
}

/** The `worker.*` setting behind each prop of the blueprints' QueueWorker (construct id `Worker`). */
export const WORKER_PROP_SETTINGS: PropSettings = {
  Worker: {
    image: 'worker.image',
    command: 'worker.command',
    minCapacity: 'worker.minCapacity',
    maxCapacity: 'worker.maxCapacity',
    messageProcessingTime: 'worker.messageProcessingTimeSeconds',
    targetLatency: 'slo.maxMessageAgeSeconds',
  },
};

/**
 * The queue-and-worker tier the blueprints share: a QueueWorker on the web tier's cluster, sized
 * by the settings, whose target latency is the SLO's maximum message age; the web service
 * produces to it; the workers' pools count against the database's connections.
 * Returns undefined when `worker.enabled` is false.
 */
export function addWorkerTier(scope: Construct, options: WorkerTierOptions): QueueWorker | undefined {
  const { worker: settings, web, database } = options;
  if (!settings.enabled) return undefined;
  const image = blueprintImage(scope, 'WorkerImageRepository', settings.image, options.internetEgress);
  const worker = new QueueWorker(scope, 'Worker', {
    cluster: web.cluster,
    image: image.image,
    command:
      settings.command ??
      (settings.image === PLACEHOLDER_WORKER_IMAGE ? PLACEHOLDER_WORKER_COMMAND : undefined),
    minCapacity: settings.minCapacity,
    maxCapacity: settings.maxCapacity,
    messageProcessingTime: Duration.seconds(settings.messageProcessingTimeSeconds),
    targetLatency: Duration.seconds(options.slo.maxMessageAgeSeconds),
    spotPercentage: options.spotPercentage,
    onDemandBaseTasks: options.onDemandBaseTasks,
  });
  usePullThroughCache(image, worker.service);
  worker.addProducer(web);
  options.settingNames.run(() => database.connectFrom(worker, { poolSize: settings.dbPoolSize }), {
    Database: { poolSize: 'worker.dbPoolSize', maxCapacity: 'worker.maxCapacity' },
  });
  return worker;
}
