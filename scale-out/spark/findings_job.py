"""The suite on Apache Spark: exports in, partitioned findings out, dedupe exact per partition.

    python3 scale-out/spark/findings_job.py --out OUT --state-dir STATE [OPTIONS] INPUT...
    spark-submit --master spark://host:7077 scale-out/spark/findings_job.py --master '' ...

1. The driver lists the input files (directories recursively, hidden files skipped, sorted).
2. normalize runs on the executors over slices of that list (RDD.pipe of scale-out/worker normalize).
3. Each finding is keyed by (its partition, its position in the input): the partition is the
   identity hash dedupe uses (FNV-1a 64 of ProductArn and Id, scale-out/stablehash.py, checked
   against `dedupe --partition-of`) modulo --partitions, so an identity always lands in one
   partition; repartitionAndSortWithinPartitions keeps the input order inside each partition.
4. Each partition runs dedupe --state STATE/partition-P/dedupe.db | enrich | route | remediate |
   sink through RDD.pipe(scale-out/worker partition ..., checkCode=True): a failing stage fails
   the job. Its findings are saved as OUT/findings/part-NNNNN (one file per partition), its
   plan, routes, logs and dead letters under OUT/partition-P/.

Options: --master URL (default local[N], N = --partitions; '' keeps spark-submit's), --partitions N
(default 2; keep it fixed for one state directory), --bin DIR (the suite's executables, default
.build/release), --config DIR (default Samples/config), --account ID, --region REGION, --now TIME.
On a cluster, every node needs the suite at the same path, and OUT and STATE on shared storage.
Exit status: 0 done, 2 usage error, 1 the Spark job failed (a stage failed: see the message).
"""
import argparse
import os
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCALE_OUT = os.path.dirname(HERE)
sys.path.insert(0, SCALE_OUT)
import stablehash  # noqa: E402  (the module next to this directory)


def input_files(inputs):
    files = []
    for item in inputs:
        if os.path.isdir(item):   # as the pipelines list them: hidden ones skipped, paths in byte order
            found = []
            for root, dirs, names in os.walk(item):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [os.path.join(root, n) for n in names if not n.startswith(".")]
            files += [os.path.abspath(p) for p in sorted(found, key=os.fsencode)]
        elif os.path.isfile(item):
            files.append(os.path.abspath(item))
        else:
            raise SystemExit(f"findings_job: {item}: no such file or directory")
    return files


def arguments(argv):
    parser = argparse.ArgumentParser(prog="findings_job.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--state-dir", required=True)
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--master")
    parser.add_argument("--bin", default=".build/release")
    parser.add_argument("--config", default=os.path.join(SCALE_OUT, "..", "Samples", "config"))
    parser.add_argument("--account")
    parser.add_argument("--region")
    parser.add_argument("--now")
    parser.add_argument("inputs", nargs="+")
    options = parser.parse_args(argv)
    if options.partitions < 1:
        parser.error("--partitions must be positive")
    return options


def main(argv):
    options = arguments(argv)
    files = input_files(options.inputs)
    if not files:
        raise SystemExit("findings_job: no input files")
    out, state = os.path.abspath(options.out), os.path.abspath(options.state_dir)
    if os.path.exists(os.path.join(out, "findings")):
        import shutil
        shutil.rmtree(os.path.join(out, "findings"))
    os.makedirs(out, exist_ok=True)
    os.makedirs(state, exist_ok=True)
    worker = os.path.join(SCALE_OUT, "worker")
    common = ["--bin", os.path.abspath(options.bin), "--out", out]
    normalize_command = [worker, "normalize"] + common
    for flag in ("account", "region"):
        if getattr(options, flag):
            normalize_command += [f"--{flag}", getattr(options, flag)]
    partition_command = [worker, "partition"] + common + ["--config", os.path.abspath(options.config), "--state-dir", state]
    if options.now:
        partition_command += ["--now", options.now]

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("security-tooling findings")
    master = options.master if options.master is not None else f"local[{options.partitions}]"
    if master:
        builder = builder.master(master)
    spark = builder.config("spark.ui.enabled", "false").getOrCreate()
    sc = spark.sparkContext
    sc.addPyFile(os.path.join(SCALE_OUT, "stablehash.py"))
    partitions = options.partitions
    try:
        findings = sc.parallelize(files, min(len(files), max(partitions, 1))) \
            .pipe(shlex.join(normalize_command), checkCode=True) \
            .filter(lambda line: line.strip() != "") \
            .cache()  # zipWithIndex runs a job of its own: normalize once
        tagged = findings.zipWithIndex() \
            .map(lambda pair: ((stablehash.partition_of(pair[0], partitions), pair[1]), pair[0])) \
            .repartitionAndSortWithinPartitions(partitions, partitionFunc=lambda key: key[0])
        delivered = tagged.map(lambda item: f"{item[0][0]}\t{item[0][1]}\t{item[1]}") \
            .pipe(shlex.join(partition_command), checkCode=True)
        delivered.saveAsTextFile(os.path.join(out, "findings"))
    finally:
        spark.stop()
    count = sum(1 for name in os.listdir(os.path.join(out, "findings")) if name.startswith("part-"))
    print(f"findings_job: {len(files)} file(s) -> {out}/findings ({count} partition file(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
