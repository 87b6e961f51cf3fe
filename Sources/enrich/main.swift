import Enrichment
import FindingsCore

ToolMain.run(EnrichCommand.spec, EnrichCommand.run)
