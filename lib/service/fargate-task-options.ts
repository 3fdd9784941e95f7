import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The task and service settings that {@link WebService} and {@link QueueWorker} share: where the
 * tasks run, what they run, and the secure defaults around them (non-root user, read-only root
 * filesystem, secrets through Secrets Manager or SSM, encrypted logs kept a year, deployment
 * circuit breaker with rollback).
 */
export interface FargateTaskOptions {
  /**
   * The container image to run.
   *
   * @example ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable')
   */
  readonly image: ecs.ContainerImage;

  /**
   * The VPC to run in: a new ECS cluster (Container Insights, Fargate and Fargate Spot capacity
   * providers) is created in it. Specify either `vpc` or `cluster`.
   *
   * @default - none: one of `vpc` and `cluster` is required
   */
  readonly vpc?: ec2.IVpc;

  /**
   * An existing ECS cluster to run in; nothing is created for it. The backlog and "running tasks"
   * metrics come from Container Insights, so turn it on for that cluster, and give it the
   * `FARGATE_SPOT` capacity provider if you set `spotPercentage`. Specify either `vpc` or `cluster`.
   *
   * @default - a new cluster in `vpc`
   */
  readonly cluster?: ecs.ICluster;

  /**
   * Subnets for the tasks. They never get public IP addresses.
   *
   * @default - the VPC's private subnets (with egress if there are any, otherwise isolated)
   */
  readonly taskSubnets?: ec2.SubnetSelection;

  /**
   * vCPU units of a task: 256 (.25 vCPU), 512, 1024, 2048, 4096, 8192 or 16384. Together with
   * `memoryLimitMiB` it must be a valid Fargate size.
   *
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
   * @default 512
   */
  readonly cpu?: number;

  /**
   * Memory of a task in MiB; also the container's hard memory limit. Must fit `cpu`: 512–2048 for
   * 256, 1024–4096 for 512, 2048–8192 for 1024, 4096–16384 for 2048, 8192–30720 for 4096 (steps of
   * 1024), 16384–61440 for 8192 (steps of 4096), 32768–122880 for 16384 (steps of 8192).
   *
   * @default 1024
   */
  readonly memoryLimitMiB?: number;

  /**
   * CPU architecture of the image. `ecs.CpuArchitecture.ARM64` runs on Graviton: about 20 % cheaper
   * for the same vCPU and memory, if the image is built for arm64.
   *
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * The command the container runs, instead of the image's own (`CMD`).
   *
   * @default - the image's command
   */
  readonly command?: string[];

  /**
   * Plain environment variables: configuration only. A key that looks like a secret
   * (`*_PASSWORD`, `*_SECRET`, `*_TOKEN`, `*_API_KEY`, `*_PRIVATE_KEY`, AWS access keys) is rejected:
   * pass those in `secrets`.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;

  /**
   * Secrets injected as environment variables at task start from Secrets Manager or SSM Parameter
   * Store (`ecs.Secret.fromSecretsManager(...)`); the task execution role is granted read access.
   *
   * @default - none
   */
  readonly secrets?: Record<string, ecs.Secret>;

  /**
   * The user (`uid[:gid]` or name) the container runs as. Running as root (`root`, `0`) is allowed
   * with a warning, for images that cannot run otherwise; it also fails Control Tower CT.ECS.PR.3
   * until you acknowledge that finding on the task definition.
   *
   * @default '1000:1000'
   */
  readonly user?: string;

  /**
   * Mount the container's root filesystem read-only. A writable, task-local `/tmp` is always
   * mounted. Turning it off is allowed with a warning (and fails Control Tower CT.ECS.PR.6 until
   * acknowledged on the task definition).
   *
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;

  /**
   * Make the task-local `/tmp` writable for `user` with a short init container (`TmpInit`): your
   * image, as root, runs `/bin/sh -c 'chmod 1777 /tmp'` and exits before the app container starts.
   * Fargate creates the volume owned by root with mode 0755
   * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html), so without it
   * a non-root process cannot write there (nginx, for one, exits at start). It takes 32 MiB of the
   * task's memory while it runs; the app container's limit is the task memory less that.
   *
   * Turn it off for an image with no `/bin/sh` (distroless): declare `VOLUME /tmp` in its Dockerfile
   * on a directory your user owns, and Fargate copies that ownership to the volume.
   *
   * @default true (with a non-root `user` and a read-only root filesystem)
   */
  readonly tmpInitContainer?: boolean;

  /**
   * A container health check (for example `['CMD', '/app/healthcheck']`). The image must contain
   * the command: distroless images have no shell, curl or wget, which is why there is none by
   * default (a web service is health-checked by its load balancer).
   *
   * @default - none
   */
  readonly containerHealthCheck?: ecs.HealthCheck;

  /**
   * How long the container logs are kept (in a KMS-encrypted log group).
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Percentage (0–100) of the tasks above `onDemandBaseTasks` placed on Fargate Spot, which costs
   * up to 70 % less but can be interrupted with a two-minute warning. A cluster you bring must have
   * the `FARGATE_SPOT` capacity provider.
   *
   * @default 0
   */
  readonly spotPercentage?: number;

  /**
   * Tasks that always run on regular (on-demand) Fargate before any Spot share applies. Only
   * meaningful with `spotPercentage`.
   *
   * @default - 1 when `spotPercentage` is above 0 (never 0 on-demand tasks unless you ask), 0 otherwise
   */
  readonly onDemandBaseTasks?: number;

  /**
   * Time a new task has to start before failed health checks count against it; size it to the
   * application's start-up time.
   *
   * @default Duration.seconds(60)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * What happens to the stateful resources when the stack is deleted: the log group, and for a
   * `QueueWorker` also the queue and the dead-letter queue (messages are lost with them).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
