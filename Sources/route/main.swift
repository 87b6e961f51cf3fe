import FindingsCore
import Routing

ToolMain.run(RouteCommand.spec, RouteCommand.run)
