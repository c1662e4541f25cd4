"""Strings of the sample-data loader (ui/samples.py)."""

STRINGS: dict[str, tuple[str, str]] = {
    "samples.missing": (
        "The sample file {file} is missing. Run `make samples` (python sample_data/generate.py) to create it again.",
        "缺少示例文件 {file}。请运行 `make samples`（python sample_data/generate.py）重新生成。",
    ),
    "samples.failed": (
        "The sample file {file} could not be loaded: {error}",
        "无法加载示例文件 {file}：{error}",
    ),
}
