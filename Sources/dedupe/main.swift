import Deduplication
import FindingsCore

ToolMain.run(DedupeCommand.spec, DedupeCommand.run)
