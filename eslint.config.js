import { rustokConfig } from '@rustok/eslint-config'

export default rustokConfig
