/**
 * The sizes of MediaRecorder's Clusters, written into the stored bytes as the recording
 * goes (Firefox's slice file, issue #17). Each Cluster is recorded with an unknown size; once
 * the next one starts, its size is known and its 12-byte header can be rewritten in place,
 * same length, so no position moves. A finished file then reads the stored stream as a few
 * long ranges instead of one range per Cluster with a new header between each two, and
 * Firefox hands a Blob of a few stored parts to its parent process without copying it (see
 * README, "Long recordings").
 */

import { sizeField } from './ebml';
import type { WebmSliceIndex } from './types';

const CLUSTER_ID = [0x1f, 0x43, 0xb6, 0x75];

/** A Cluster whose size is not known yet: its start and its header's length. */
export interface OpenCluster {
  at: number;
  head: number;
}

/** New bytes for the stored stream at `at` (a position in the recording's stream). */
export interface StreamPatch {
  at: number;
  bytes: Uint8Array<ArrayBuffer>;
}

/** A Cluster header of `headLength` bytes saying `size`, or undefined if the size field cannot hold it. */
export function clusterHead(size: number, headLength: number): Uint8Array<ArrayBuffer> | undefined {
  const sizeBytes = headLength - 4;
  // All ones means "unknown": the largest size a field holds is one less.
  if (size < 0 || sizeBytes < 1 || size >= 2 ** (7 * sizeBytes) - 1) return undefined;
  return new Uint8Array([...CLUSTER_ID, ...sizeField(size, sizeBytes)]);
}

export interface ClusterSizes {
  /** Headers to write: each Cluster the slice showed complete. */
  patches: StreamPatch[];
  /** The Cluster still open after the slice. */
  open: OpenCluster | undefined;
}

/**
 * The Clusters a slice's index shows complete (a later one started), given the one open
 * before it. The caller writes the patches, then records their positions as the slice's
 * `sizedInStore` once they are on disk.
 */
export function clusterSizes(open: OpenCluster | undefined, index: WebmSliceIndex): ClusterSizes {
  const patches: StreamPatch[] = [];
  for (const cluster of index.clusters) {
    if (open) {
      const bytes = clusterHead(cluster.at - open.at - open.head, open.head);
      if (bytes) patches.push({ at: open.at, bytes });
    }
    open = cluster.unsizedHead === undefined ? undefined : { at: cluster.at, head: cluster.unsizedHead };
  }
  return { patches, open };
}
