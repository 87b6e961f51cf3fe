import FindingsCore
import Normalization

ToolMain.run(NormalizeCommand.spec, NormalizeCommand.run)
