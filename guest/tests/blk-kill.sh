#!/bin/sh
# virtio-blk (f): fsync a file, then wait for sevvm to be killed.
exec /tests/blk-write.sh kill
