import FindingsCore
import Remediation

ToolMain.run(RemediateCommand.spec, RemediateCommand.run)
