import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Colour of a line that must not be crossed (an SLO, a maximum). */
export const LIMIT_COLOR = '#d62728';
/** Colour of a line worth watching (an alarm threshold, a minimum). */
export const WARNING_COLOR = '#ff7f0e';

/** Height of every graph on the dashboards of this library. */
const GRAPH_HEIGHT = 6;
/** CloudWatch dashboards are 24 units wide. */
const GRID_WIDTH = 24;

/** Options of {@link graph}. */
export interface GraphOptions {
  readonly right?: cloudwatch.IMetric[];
  readonly annotations?: cloudwatch.HorizontalAnnotation[];
  /** @default 0 */
  readonly min?: number;
  readonly max?: number;
}

/** A graph on a dashboard, before its width is known: live data, the left axis from 0 unless told. */
export function graph(
  title: string,
  left: cloudwatch.IMetric[],
  options: GraphOptions = {},
): cloudwatch.GraphWidgetProps {
  return {
    title,
    left,
    right: options.right,
    leftAnnotations: options.annotations,
    leftYAxis: { min: options.min ?? 0, max: options.max, showUnits: false },
    liveData: true,
  };
}

/**
 * Graphs that fill whole lines of the dashboard: up to four side by side; five or six as three on
 * the first line and the rest sharing the second.
 */
export function graphRow(graphs: cloudwatch.GraphWidgetProps[]): cloudwatch.GraphWidget[] {
  const firstLine = graphs.length <= 4 ? graphs.length : 3;
  const widthOf = (index: number): number =>
    index < firstLine ? GRID_WIDTH / firstLine : GRID_WIDTH / (graphs.length - firstLine);
  return graphs.map(
    (props, index) => new cloudwatch.GraphWidget({ ...props, width: widthOf(index), height: GRAPH_HEIGHT }),
  );
}
