import FindingsCore
import Sinks

ToolMain.run(SinkCommand.spec, SinkCommand.run)
