import { QualityConsensusExternalTokenModule } from "./QualityConsensus.js";

/**
 * The "QualityConsensus" module with an existing stake token (public chains): pass `stakeToken`
 * (and `treasury`, `powDifficultyBits`, ...) in the parameters file under "QualityConsensus".
 */
export default QualityConsensusExternalTokenModule;
